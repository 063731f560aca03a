/**
 * Where customer messages go. By default real RFC 5322 .eml files (composed by nodemailer: multipart/related with
 * text and HTML alternatives and the QR as an inline image) in a folder, so a demo or a test can open them; over
 * SMTP when AISLE_SMTP_URL is set. Both compose the message with the same nodemailer code.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { OutgoingMessage } from './render';
import { QR_CID } from './render';

export interface MessageSender {
  readonly kind: 'file' | 'smtp' | 'custom';
  /**
   * True when sending a message id that was delivered before delivers nothing new and resolves with the same
   * reference (the .eml folder; a provider API given `message.id` as its idempotency key). The outbox then asks
   * again after an attempt whose outcome was lost with a killed process; otherwise it does not (worker.ts).
   */
  readonly idempotent?: boolean;
  /** Delivers the message; resolves with a reference (file path, SMTP message id); rejects on failure. */
  send(message: OutgoingMessage): Promise<string>;
}

export const DEFAULT_FROM = 'Aisle pickups <pickup@aisle.invalid>';

function mailOptions(message: OutgoingMessage, from: string): SendMailOptions {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: `<${message.id}@aisle.invalid>`,
    attachments: message.qrPng ? [{ filename: 'pickup-code.png', content: message.qrPng, contentType: 'image/png', cid: QR_CID, contentDisposition: 'inline' }] : [],
  };
}

export function fileSender(dir: string, from = DEFAULT_FROM): MessageSender {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'file',
    // The file is named by the message id and appears whole or not at all (written aside, then renamed), so a
    // message whose file exists was delivered: asking again delivers nothing new.
    idempotent: true,
    async send(message) {
      const file = path.join(dir, `${message.id}.eml`);
      if (existsSync(file)) return file;
      const info = await transport.sendMail(mailOptions(message, from));
      const raw: unknown = info.message;
      if (!Buffer.isBuffer(raw)) throw new Error('nodemailer did not return the composed message');
      mkdirSync(dir, { recursive: true });
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, raw);
      renameSync(partial, file);
      return file;
    },
  };
}

export function smtpSender(url: string, from = DEFAULT_FROM): MessageSender {
  // Bounded waits (nodemailer's defaults allow minutes): a send ends well inside the outbox's lease (worker.ts).
  // Settings in the URL's query win over these.
  const transport = nodemailer.createTransport({ url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  return {
    kind: 'smtp',
    // Plain SMTP has no idempotency: a message the server may have taken is never sent again automatically.
    idempotent: false,
    async send(message) {
      const info = await transport.sendMail(mailOptions(message, from));
      return String(info.messageId);
    },
  };
}

/** SMTP when AISLE_SMTP_URL is set, otherwise .eml files in AISLE_OUTBOX_DIR or the given default folder. */
export function senderFromEnv(env: NodeJS.ProcessEnv, defaultDir: string): MessageSender {
  const from = env['AISLE_MAIL_FROM'] ?? DEFAULT_FROM;
  const smtp = env['AISLE_SMTP_URL'];
  if (smtp) return smtpSender(smtp, from);
  return fileSender(path.resolve(env['AISLE_OUTBOX_DIR'] ?? defaultDir), from);
}

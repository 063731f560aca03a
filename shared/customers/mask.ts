/** Masked contact details, shown on the profile until an associate reveals them (the reveal is recorded). */

/** "alex.morgan@example.com" → "a•••@example.com"; '' stays ''. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return email === '' ? '' : '•••';
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}

/** "+14155550123" → "+1 ••• ••• 0123" (country code and last 4 kept); '' stays ''. */
export function maskPhone(e164: string): string {
  if (e164 === '') return '';
  const digits = e164.replace(/\D/g, '');
  if (digits.length < 6) return '•••';
  const cc = e164.startsWith('+1') ? '1' : digits.slice(0, 2);
  return `+${cc} ••• ••• ${digits.slice(-4)}`;
}

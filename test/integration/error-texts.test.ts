/**
 * Server errors reach the screen in the screen's language: a real catalog server refuses real requests, the renderer's
 * HTTP layer (renderer/data/http.ts) reads the error body, and renderer/ui/errors says it in French and German with the
 * parameters the server sent — why an enrollment code failed, how long a locked-out PIN waits, who must sign in, which
 * field was refused. The server's English is never what the screen says for a code the app knows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db';
import { createEnrollmentCode } from '../../server/auth';
import { seedDemo } from '../../server/seed/demo';
import { derivePinKeyNode, readStaff } from '../../server/staff/pins';
import { openTestDb, postgresSkipReason, type Engine } from '../support/databases';
import { deviceHeaders, enroll, startCatalog, type RunningCatalog } from '../support/catalog';
import { signInOver, staffHeader } from '../support/staff';
import { requestJson } from '../../renderer/data/http';
import { createFormatter, localeSettingsFor, translator } from '../../renderer/i18n';
import { describeError } from '../../renderer/ui/errors/errorText';
import { errorMessages } from '../../renderer/ui/errors/messages';
import { toHex } from '../../shared/staff';
import { API_PREFIX, type EnrollResponse } from '../../shared/sync';
import { AisleError } from '../../shared/errors';

const engines: Engine[] = ['pglite', 'postgres'];

function say(locale: string): (error: unknown) => string {
  const f = createFormatter(localeSettingsFor(null, locale));
  const t = translator(errorMessages, f);
  return (error) => describeError(error, t, f);
}
const fr = say('fr-FR');
const de = say('de-DE');
const en = say('en-US');

async function refusal(run: () => Promise<unknown>): Promise<AisleError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AisleError) return error;
    throw error;
  }
  throw new Error('the server accepted what it should refuse');
}

describe.each(engines)('server error texts in the screen’s language, %s', (engine) => {
  const skip = engine === 'postgres' && postgresSkipReason() !== '';
  let db: Db;
  let catalog: RunningCatalog;
  let counter: EnrollResponse;
  let associate = '';

  beforeAll(async () => {
    if (skip) return;
    db = (await openTestDb(engine)).db;
    await seedDemo(db, { seed: 3, variants: 5, stores: 1 });
    catalog = await startCatalog(db, { pickups: { jobs: false } });
    counter = await enroll(catalog.baseUrl, db, 'store-001', 'counter');
    associate = await signInOver(catalog.baseUrl, db, counter, 'staff_1002');
  });

  afterAll(async () => {
    await catalog?.close();
    await db?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string>): Promise<unknown> =>
    requestJson(catalog.baseUrl, `${API_PREFIX}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

  it.skipIf(skip)('an enrollment code used twice, or unknown, says why in French and German', async () => {
    const { code } = await createEnrollmentCode(db, 'store-001', 'counter');
    await post('/enroll', { code, deviceName: 'first' }, { 'content-type': 'application/json' });
    const used = await refusal(() => post('/enroll', { code, deviceName: 'second' }, { 'content-type': 'application/json' }));
    expect(used).toMatchObject({ code: 'ENROLLMENT_CODE_INVALID', params: { why: 'used' }, origin: 'server' });
    expect(fr(used)).toBe('Ce code d’inscription a déjà été utilisé. Demandez-en un nouveau.');
    expect(de(used)).toBe('Dieser Anmeldecode wurde bereits verwendet. Fordern Sie einen neuen an.');
    const unknown = await refusal(() => post('/enroll', { code: 'ZZZZ-ZZZZ', deviceName: 'x' }, { 'content-type': 'application/json' }));
    expect(fr(unknown)).toMatch(/^Ce code d’inscription est inconnu/);
  });

  it.skipIf(skip)('a refused field is named, and a manager-only route says a manager is needed', async () => {
    const bad = await refusal(() => post('/staff/sign-in', { staffId: 'staff_1002' }, deviceHeaders(counter.token)));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(fr(bad)).toMatch(/^Le serveur du catalogue a refusé le champ « pinKey »/);
    const managerOnly = await refusal(() => requestJson(catalog.baseUrl, `${API_PREFIX}/store/devices`, { headers: { ...deviceHeaders(counter.token), ...staffHeader(associate) } }));
    expect(managerOnly).toMatchObject({ code: 'FORBIDDEN', params: { need: 'manager' } });
    expect(fr(managerOnly)).toBe('Il faut un responsable de ce magasin connecté en ligne à ce comptoir.');
    expect(de(managerOnly)).toBe('Dafür muss eine Führungskraft dieser Filiale an dieser Kasse online angemeldet sein.');
    expect(en(managerOnly)).not.toBe(managerOnly.message);
  });

  it.skipIf(skip)('a locked-out PIN says how long to wait, in the language’s words', async () => {
    const staff = await readStaff(db, 'staff_1003');
    if (!staff) throw new Error('no demo staff_1003');
    const wrong = toHex(await derivePinKeyNode('999990', staff.pinSalt, staff.pinKdf));
    let locked: AisleError | null = null;
    for (let i = 0; i < 10 && !locked; i++) {
      const e = await refusal(() => post('/staff/sign-in', { staffId: 'staff_1003', pinKey: wrong }, deviceHeaders(counter.token)));
      if (e.code === 'LOCKED_OUT') locked = e;
    }
    expect(locked?.retryAfterSeconds).toBe(30);
    expect(fr(locked)).toBe('Trop de codes PIN erronés. Réessayez dans 30 secondes, ou demandez à un responsable de réinitialiser le code PIN.');
    expect(de(locked)).toBe('Zu viele falsche PINs. Versuchen Sie es in 30 Sekunden erneut oder bitten Sie eine Führungskraft, die PIN zurückzusetzen.');
  });

  it.skipIf(skip)('no server at all is said in French too', async () => {
    const gone = await refusal(() => requestJson('http://127.0.0.1:9', '/api/v1/anything'));
    expect(gone.code).toBe('SERVER_UNREACHABLE');
    expect(fr(gone)).toBe('Impossible de joindre le serveur du catalogue. Vérifiez l’adresse et que le serveur fonctionne.');
  });
});

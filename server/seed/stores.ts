/**
 * The demo retailer's stores: ten shops along the US Northeast corridor, at real street addresses with their
 * real coordinates, so "nearest store with stock" gives sensible distances (Jersey City–Manhattan a few km,
 * Boston–Philadelphia ~430 km). Phone numbers use the 555-01xx range reserved for fiction. Two European stores
 * (Paris, Berlin) sell in euros with French and German screens; their phone numbers are in the ranges the French
 * (01 99 00 xx xx) and German (030 23125 xxx) regulators set aside for drama.
 */
import type { OpeningHours, StoreDoc } from '../../shared/schemas/collections';

interface StoreSeed {
  name: string;
  line1: string;
  city: string;
  region: string;
  postalCode: string;
  lat: number;
  lon: number;
  phone: string;
  /** Late-night city-centre stores close at 22:00 on Friday and Saturday. */
  lateWeekend: boolean;
  /** Outside the US: country, time zone, locale and currency (US stores: US, New York, en-US, USD). */
  abroad?: { country: string; timeZone: string; locale: string; currency: string };
}

const STORE_SEEDS: readonly StoreSeed[] = [
  { name: 'Aisle Boston Downtown Crossing', line1: '450 Washington St', city: 'Boston', region: 'MA', postalCode: '02111', lat: 42.3555, lon: -71.0605, phone: '+1 617-555-0101', lateWeekend: true },
  { name: 'Aisle Providence Westminster', line1: '100 Westminster St', city: 'Providence', region: 'RI', postalCode: '02903', lat: 41.824, lon: -71.4128, phone: '+1 401-555-0102', lateWeekend: false },
  { name: 'Aisle Hartford Pratt Street', line1: '242 Trumbull St', city: 'Hartford', region: 'CT', postalCode: '06103', lat: 41.7658, lon: -72.6734, phone: '+1 860-555-0103', lateWeekend: false },
  { name: 'Aisle New Haven Chapel', line1: '900 Chapel St', city: 'New Haven', region: 'CT', postalCode: '06510', lat: 41.3083, lon: -72.9279, phone: '+1 203-555-0104', lateWeekend: false },
  { name: 'Aisle Stamford Town Center', line1: '100 Greyrock Pl', city: 'Stamford', region: 'CT', postalCode: '06901', lat: 41.0534, lon: -73.5387, phone: '+1 203-555-0105', lateWeekend: false },
  { name: 'Aisle Manhattan Herald Square', line1: '1250 Broadway', city: 'New York', region: 'NY', postalCode: '10001', lat: 40.7484, lon: -73.9878, phone: '+1 212-555-0106', lateWeekend: true },
  { name: 'Aisle Brooklyn Fulton Mall', line1: '445 Albee Square W', city: 'Brooklyn', region: 'NY', postalCode: '11201', lat: 40.6913, lon: -73.9832, phone: '+1 718-555-0107', lateWeekend: true },
  { name: 'Aisle Jersey City Newport', line1: '30 Mall Dr W', city: 'Jersey City', region: 'NJ', postalCode: '07310', lat: 40.7272, lon: -74.0377, phone: '+1 201-555-0108', lateWeekend: false },
  { name: 'Aisle Philadelphia Center City', line1: '1625 Chestnut St', city: 'Philadelphia', region: 'PA', postalCode: '19103', lat: 39.9514, lon: -75.1676, phone: '+1 215-555-0109', lateWeekend: true },
  { name: 'Aisle Worcester Front Street', line1: '100 Front St', city: 'Worcester', region: 'MA', postalCode: '01608', lat: 42.2626, lon: -71.8023, phone: '+1 508-555-0110', lateWeekend: false },
  { name: 'Aisle Paris Rivoli', line1: '75 Rue de Rivoli', city: 'Paris', region: 'Île-de-France', postalCode: '75001', lat: 48.8606, lon: 2.3444, phone: '+33 1 99 00 01 11', lateWeekend: false, abroad: { country: 'FR', timeZone: 'Europe/Paris', locale: 'fr-FR', currency: 'EUR' } },
  { name: 'Aisle Berlin Alexanderplatz', line1: 'Alexanderplatz 9', city: 'Berlin', region: 'Berlin', postalCode: '10178', lat: 52.5219, lon: 13.4132, phone: '+49 30 23125 112', lateWeekend: false, abroad: { country: 'DE', timeZone: 'Europe/Berlin', locale: 'de-DE', currency: 'EUR' } },
];

export const MAX_DEMO_STORES = STORE_SEEDS.length;

function openingHours(lateWeekend: boolean): OpeningHours[] {
  const hours: OpeningHours[] = [{ day: 0, open: '11:00', close: '18:00' }];
  for (let day = 1; day <= 6; day++) {
    const late = lateWeekend && (day === 5 || day === 6);
    hours.push({ day, open: day === 6 ? '09:00' : '10:00', close: late ? '22:00' : '21:00' });
  }
  return hours;
}

export function demoStoreId(storeNo: number): string {
  return `store-${String(storeNo).padStart(3, '0')}`;
}

export function demoStores(count: number, updatedAt: string): StoreDoc[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEMO_STORES) throw new RangeError(`stores must be 1…${MAX_DEMO_STORES}, got ${count}`);
  return STORE_SEEDS.slice(0, count).map((s, i) => ({
    id: demoStoreId(i + 1),
    code: `S${String(i + 1).padStart(3, '0')}`,
    name: s.name,
    address: { line1: s.line1, city: s.city, region: s.region, postalCode: s.postalCode, country: s.abroad?.country ?? 'US' },
    lat: s.lat,
    lon: s.lon,
    timeZone: s.abroad?.timeZone ?? 'America/New_York',
    phone: s.phone,
    openingHours: openingHours(s.lateWeekend),
    updatedAt,
    locale: s.abroad?.locale ?? 'en-US',
    currency: s.abroad?.currency ?? 'USD',
  }));
}

/**
 * Barcode domain rules shared by the device and the server: what a scan is (classifyScan), GS1 element
 * strings, restricted-circulation variable-measure codes, the GS1 price verifier digit and Aisle's own
 * pickup/receipt codes. Pure TypeScript: no DOM, no Node.
 */
export * from './aim';
export * from './ais';
export * from './aisleCodes';
export * from './classify';
export * from './digitalLink';
export * from './formats';
export * from './gs1';
export * from './gtin';
export * from './priceCheck';
export * from './variableMeasure';

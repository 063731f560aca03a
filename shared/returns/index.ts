/** Returns across channels: the shared domain (docs/returns.md). The API the counter uses is listed in types.ts. */
export * from './types';
export * from './schema';
export * from './fold';
export * from './merge';
export * from './build';
export * from './receipt';
export * from './parse';
export * from './conflict';
export * from './policy';
export * from './refund';
export * from './resolve';

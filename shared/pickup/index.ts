/** Pickup in store (BOPIS): the shared domain. See docs/pickup.md. */
export * from './types';
export * from './lifecycle';
export * from './merge';
export * from './stock';
export * from './codes';
export * from './conflict';
export * from './metrics';
export * from './schema';
export * from './parse';

/**
 * The one way to start a promise without awaiting it: intentional fire-and-forget, with the failure logged
 * instead of becoming an unhandled rejection.
 */
export function background(promise: Promise<unknown>, what: string): void {
  promise.catch((error: unknown) => {
    console.error(`[aisle] ${what} failed`, error);
  });
}

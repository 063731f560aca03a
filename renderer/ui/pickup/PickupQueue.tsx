/** Placeholder: being built. */
export function PickupQueue(): React.JSX.Element {
  return <section data-testid="PickupQueue">Not built yet</section>;
}

/** Placeholder: being built. */
export function PickupScreen({ pickupId }: { pickupId: string }): React.JSX.Element {
  return <section data-testid="pickup-screen" data-pickup-id={pickupId}>Not built yet</section>;
}

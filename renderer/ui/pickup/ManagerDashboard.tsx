/** Placeholder: being built. */
export function ManagerDashboard(): React.JSX.Element {
  return <section data-testid="ManagerDashboard">Not built yet</section>;
}

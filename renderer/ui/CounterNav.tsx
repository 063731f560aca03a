/** Counter navigation: products, the pickup queue (with a "customer waiting" count) and the manager dashboard. */
import { useUi } from '../state/ui';
import { useWaitingPickups } from '../data/pickups';

export function CounterNav(): React.JSX.Element {
  const screen = useUi((s) => s.screen.name);
  const backToSearch = useUi((s) => s.backToSearch);
  const openPickups = useUi((s) => s.openPickups);
  const openManager = useUi((s) => s.openManager);
  const waiting = useWaitingPickups().length;
  const tab = (active: boolean): string => (active ? 'nav-tab active' : 'nav-tab');
  return (
    <nav className="counter-nav" aria-label="Sections">
      <button type="button" className={tab(screen === 'search' || screen === 'detail')} data-testid="nav-products" onClick={backToSearch}>
        Products
      </button>
      <button type="button" className={tab(screen === 'pickups' || screen === 'pickup')} data-testid="nav-pickups" onClick={openPickups}>
        Pickups
        {waiting > 0 && (
          <span className="waiting-badge" data-testid="customer-waiting-badge" role="status">
            {waiting} waiting
          </span>
        )}
      </button>
      <button type="button" className={tab(screen === 'manager')} data-testid="nav-manager" onClick={() => openManager()}>
        Manager
      </button>
    </nav>
  );
}

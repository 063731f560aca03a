/** Counter navigation: products, the pickup queue (with a "customer waiting" count), the manager's area, customers, returns and the channel KPIs. */
import { useUi } from '../state/ui';
import { useWaitingPickups } from '../data/pickups';
import { useI18n } from '../i18n';
import { shellMessages } from './shell.messages';
import { Kbd, useShortcut } from './a11y/Shortcut';
import { returnNavMessages } from './returns/nav.messages';

export function CounterNav(): React.JSX.Element {
  const screen = useUi((s) => s.screen.name);
  const backToSearch = useUi((s) => s.backToSearch);
  const openPickups = useUi((s) => s.openPickups);
  const openManager = useUi((s) => s.openManager);
  const openCustomers = useUi((s) => s.openCustomers);
  const openKpis = useUi((s) => s.openKpis);
  const openReturns = useUi((s) => s.openReturns);
  const waiting = useWaitingPickups().length;
  const { t } = useI18n(shellMessages);
  const returnsText = useI18n(returnNavMessages).t;
  const tab = (active: boolean): string => (active ? 'nav-tab active' : 'nav-tab');
  useShortcut('Alt+1', backToSearch);
  useShortcut('Alt+2', openPickups);
  useShortcut('Alt+3', () => openManager());
  useShortcut('Alt+4', openCustomers);
  useShortcut('Alt+5', () => openReturns());
  const current = (active: boolean): 'page' | undefined => (active ? 'page' : undefined);
  return (
    <nav className="counter-nav" aria-label={t('sections')}>
      <button type="button" className={tab(screen === 'search' || screen === 'detail')} aria-current={current(screen === 'search' || screen === 'detail')} data-testid="nav-products" onClick={backToSearch} aria-keyshortcuts="Alt+1">
        {t('navProducts')} <Kbd combo="Alt+1" />
      </button>
      <button type="button" className={tab(screen === 'pickups' || screen === 'pickup')} aria-current={current(screen === 'pickups' || screen === 'pickup')} data-testid="nav-pickups" onClick={openPickups} aria-keyshortcuts="Alt+2">
        {t('navPickups')} <Kbd combo="Alt+2" />
        {waiting > 0 && (
          <span className="waiting-badge" data-testid="customer-waiting-badge" role="status" aria-label={t('waitingLabel', { count: waiting })}>
            {t('waiting', { count: waiting })}
          </span>
        )}
      </button>
      <button type="button" className={tab(screen === 'manager')} aria-current={current(screen === 'manager')} data-testid="nav-manager" onClick={() => openManager()} aria-keyshortcuts="Alt+3">
        {t('navManager')} <Kbd combo="Alt+3" />
      </button>
      <button type="button" className={tab(screen === 'customers' || screen === 'customer')} aria-current={current(screen === 'customers' || screen === 'customer')} data-testid="nav-customers" onClick={openCustomers} aria-keyshortcuts="Alt+4">
        {t('navCustomers')} <Kbd combo="Alt+4" />
      </button>
      <button type="button" className={tab(screen === 'returns')} aria-current={current(screen === 'returns')} data-testid="nav-returns" onClick={() => openReturns()} aria-keyshortcuts="Alt+5">
        {returnsText('navReturns')} <Kbd combo="Alt+5" />
      </button>
      <button type="button" className={tab(screen === 'kpis' || screen === 'customerViews')} aria-current={current(screen === 'kpis' || screen === 'customerViews')} data-testid="nav-kpis" onClick={openKpis}>
        {t('navKpis')}
      </button>
    </nav>
  );
}

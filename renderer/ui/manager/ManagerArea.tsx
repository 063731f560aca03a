/**
 * Counter: the manager's area — the pickup figures, the conflicts sync could not settle, and the store's devices —
 * behind one "Manager" tab of the counter navigation, with its own tabs here.
 */
import { useUi, type ManagerTab } from '../../state/ui';
import { ManagerDashboard } from '../pickup/ManagerDashboard';
import { useConflicts } from '../../data/manager';
import { ConflictsScreen } from './ConflictsScreen';
import { DevicesScreen } from './DevicesScreen';
import { ManagerReturns } from '../returns/ManagerReturns';
import { useI18n, type MessageKey } from '../../i18n';
import { managerAreaMessages } from './messages';
import './manager-screens.css';

const TABS: readonly [ManagerTab, MessageKey<typeof managerAreaMessages>][] = [
  ['pickups', 'tabPickups'],
  ['conflicts', 'tabConflicts'],
  ['devices', 'tabDevices'],
  ['returns', 'tabReturns'],
];

export function ManagerArea({ tab }: { tab: ManagerTab }): React.JSX.Element {
  const { t } = useI18n(managerAreaMessages);
  const openManager = useUi((s) => s.openManager);
  const open = useConflicts()?.open.length ?? 0;
  return (
    <div className="manager-area">
      <nav className="manager-tabs" aria-label={t('nav')}>
        {TABS.map(([id, label]) => (
          <button key={id} type="button" className={id === tab ? 'manager-tab active' : 'manager-tab'} aria-current={id === tab ? 'page' : undefined} data-testid={`manager-tab-${id}`} onClick={() => openManager(id)}>
            {t(label)}
            {id === 'conflicts' && open > 0 && (
              <span className="tab-count" data-testid="conflicts-open-count">
                {open}
              </span>
            )}
          </button>
        ))}
      </nav>
      {tab === 'pickups' && <ManagerDashboard />}
      {tab === 'conflicts' && <ConflictsScreen />}
      {tab === 'devices' && <DevicesScreen />}
      {tab === 'returns' && <ManagerReturns />}
    </div>
  );
}

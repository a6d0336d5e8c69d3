import type { WorkspaceInfo } from '../../src/common/api';
import { DAGGER_HREF, LIBRARY_HREF, SETTINGS_HREF, TRAIN_HREF } from '../router';
import { Brand, CurrentUser } from './Brand';

const TABS = [
  { screen: 'library', href: LIBRARY_HREF, label: 'Library', testId: 'library-tab' },
  { screen: 'train', href: TRAIN_HREF, label: 'Train', testId: 'train-tab' },
  { screen: 'dagger', href: DAGGER_HREF, label: 'DAgger', testId: 'dagger-tab' },
  { screen: 'settings', href: SETTINGS_HREF, label: 'Settings', testId: 'settings-tab' },
] as const;

/** The top bar of the full-page screens (train, settings): the brand, the screens, the user. */
export function ScreenHeader({
  info,
  active,
}: {
  info: WorkspaceInfo;
  active: 'train' | 'settings' | 'dagger';
}) {
  return (
    <header className="topbar">
      <Brand info={info} />
      <nav className="tabs">
        {TABS.map((t) => (
          <a
            key={t.screen}
            href={t.href}
            data-testid={t.testId}
            className={t.screen === active ? 'active' : undefined}
          >
            {t.label}
          </a>
        ))}
      </nav>
      <CurrentUser />
    </header>
  );
}

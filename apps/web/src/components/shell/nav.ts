import { BackupsIcon, BellIcon, ContainersIcon, DashboardIcon, OperationsIcon, SettingsIcon, TemplatesIcon } from '../icons';

export const NAV_ITEMS = [
  { href: '/', label: 'Dashboard', icon: DashboardIcon },
  { href: '/templates', label: 'Templates', icon: TemplatesIcon },
  { href: '/containers', label: 'Containers', icon: ContainersIcon },
  { href: '/backups', label: 'Backups', icon: BackupsIcon },
  { href: '/alerts', label: 'Alerts', icon: BellIcon },
  { href: '/operations', label: 'Operations', icon: OperationsIcon },
  { href: '/settings', label: 'Settings', icon: SettingsIcon },
] as const;

export function isActive(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

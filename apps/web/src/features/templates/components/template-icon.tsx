import { cn } from '@/lib/cn';

import {
  Activity,
  Bot,
  Box,
  Camera,
  Cloud,
  Code,
  Container,
  Cpu,
  Database,
  Download,
  FileText,
  Film,
  Gamepad2,
  Globe,
  HardDrive,
  Hexagon,
  House,
  Image,
  Lock,
  Mail,
  MessageSquare,
  Music,
  Network,
  Radio,
  Server,
  Shield,
  Terminal,
  Wifi,
  Zap,
  type LucideIcon,
} from 'lucide-react';

/** The template schema's test for an emoji icon (names.ts in @kiln/core). */
const isEmoji = (v: string) => /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(v);

/**
 * Icon keys a template may name, drawn as SVG so they never depend on an emoji font (headless
 * browsers and many Linux desktops have none).
 */
const KEYS: Record<string, LucideIcon> = {
  database: Database,
  web: Globe,
  server: Server,
  docker: Container,
  container: Box,
  cache: Zap,
  code: Code,
  node: Hexagon,
  mail: Mail,
  monitoring: Activity,
  storage: HardDrive,
  security: Lock,
  linux: Terminal,
  terminal: Terminal,
  cpu: Cpu,
  shield: Shield,
  media: Film,
  music: Music,
  home: House,
  cloud: Cloud,
  network: Network,
  bot: Bot,
  camera: Camera,
  download: Download,
  docs: FileText,
  game: Gamepad2,
  photos: Image,
  chat: MessageSquare,
  radio: Radio,
  wifi: Wifi,
};

/** Emoji that have an icon of the set: drawn as the SVG, so they show without an emoji font too. */
const EMOJI: Record<string, string> = {
  '🐧': 'linux',
  '🐳': 'docker',
  '🌐': 'web',
  '🟢': 'node',
  '🟩': 'node',
  '🐘': 'database',
  '🗄️': 'database',
  '⚡': 'cache',
  '🖥️': 'server',
  '📦': 'container',
  '💻': 'code',
  '✉️': 'mail',
  '📈': 'monitoring',
  '💾': 'storage',
  '🔒': 'security',
  '🛡️': 'shield',
  '🎬': 'media',
  '🎵': 'music',
  '🏠': 'home',
  '☁️': 'cloud',
  '🤖': 'bot',
  '📷': 'camera',
  '📄': 'docs',
  '🎮': 'game',
  '🖼️': 'photos',
  '💬': 'chat',
  '📻': 'radio',
};

export function TemplateIcon({ icon, name, className }: { icon: string | null; name: string; className?: string }) {
  const Svg = icon ? KEYS[EMOJI[icon] ?? icon] : undefined;
  return (
    <span
      aria-hidden="true"
      className={cn('inline-flex shrink-0 items-center justify-center rounded-lg bg-kiln-50 text-kiln-700 dark:bg-kiln-700/20 dark:text-kiln-400', className ?? 'h-10 w-10 text-xl')}
    >
      {Svg ? (
        <Svg className="h-[55%] w-[55%]" strokeWidth={1.75} data-icon={EMOJI[icon!] ?? icon} />
      ) : icon && isEmoji(icon) ? (
        // Any other emoji: the browser's emoji font draws it (a box where there is none).
        icon
      ) : (
        <span className="font-semibold">{(icon ?? name).slice(0, 1).toUpperCase()}</span>
      )}
    </span>
  );
}

/** "Built-in", the catalogue source's name, or "Mine": where a template comes from, and so whether it can be edited. */
export function SourceBadge({ builtin, source }: { builtin: boolean; source?: string | null }) {
  if (source && !builtin) {
    return (
      <span
        className="max-w-[10rem] truncate rounded-full bg-violet-100 px-2 py-0.5 text-xs font-medium text-violet-800 dark:bg-violet-950 dark:text-violet-300"
        title={`Synced from the catalogue source ${source}`}
      >
        {source}
      </span>
    );
  }
  return builtin ? (
    <span className="rounded-full bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-800 dark:bg-sky-950 dark:text-sky-300">Built-in</span>
  ) : (
    <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">Mine</span>
  );
}

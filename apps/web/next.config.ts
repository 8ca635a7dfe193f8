import type { NextConfig } from 'next';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const securityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

const config: NextConfig = {
  // The Docker image runs the standalone server; `npm start` uses `next start`.
  output: process.env.KILN_STANDALONE === '1' ? 'standalone' : undefined,
  outputFileTracingRoot: repoRoot,
  turbopack: { root: repoRoot },
  poweredByHeader: false,
  reactStrictMode: true,
  transpilePackages: ['@kiln/auth', '@kiln/config', '@kiln/core', '@kiln/db', '@kiln/pve', '@kiln/queue', '@kiln/redis', '@kiln/services', '@kiln/ssh'],
  serverExternalPackages: ['@node-rs/argon2', 'ssh2', 'cpu-features', 'pg', 'ioredis', 'bullmq', 'undici'],
  typescript: { ignoreBuildErrors: true }, // typechecked once by `pnpm typecheck` for the whole monorepo
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default config;

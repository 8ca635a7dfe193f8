import type { NextConfig } from 'next';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { BODY_LIMITS } from './server/limits';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const securityHeaders = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

const config: NextConfig = {
  // No `output: 'standalone'`: its generated server.js would bypass Kiln's own HTTP server
  // (server/server.ts: forwarded headers, body limits, Redis outage page). The image runs that.
  outputFileTracingRoot: repoRoot,
  turbopack: { root: repoRoot },
  poweredByHeader: false,
  // Kiln's server compresses (server/compress.ts: a faster level than Next's default).
  compress: false,
  reactStrictMode: true,
  transpilePackages: ['@kiln/auth', '@kiln/config', '@kiln/core', '@kiln/db', '@kiln/pve', '@kiln/queue', '@kiln/redis', '@kiln/services', '@kiln/ssh'],
  serverExternalPackages: ['@node-rs/argon2', 'ssh2', 'cpu-features', 'pg', 'ioredis', 'bullmq', 'undici'],
  // The same limit our server enforces first (with a 413); Next's own check would answer 500.
  experimental: { serverActions: { bodySizeLimit: BODY_LIMITS.action } },
  typescript: { ignoreBuildErrors: true }, // typechecked once by `pnpm typecheck` for the whole monorepo
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default config;

-- CreateEnum
CREATE TYPE "ServiceCheckKind" AS ENUM ('http', 'https', 'tcp', 'ping');

-- CreateEnum
CREATE TYPE "ServiceCheckStatus" AS ENUM ('unknown', 'up', 'down', 'skipped');

-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'service-down';

-- CreateTable
CREATE TABLE "ServiceCheck" (
    "id" UUID NOT NULL,
    "containerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ServiceCheckKind" NOT NULL,
    "host" TEXT,
    "port" INTEGER NOT NULL,
    "path" TEXT NOT NULL DEFAULT '/',
    "expectStatus" INTEGER,
    "keyword" TEXT,
    "tlsWarnDays" INTEGER NOT NULL DEFAULT 14,
    "intervalSeconds" INTEGER NOT NULL DEFAULT 60,
    "timeoutMs" INTEGER NOT NULL DEFAULT 5000,
    "failuresToAlert" INTEGER NOT NULL DEFAULT 2,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "source" TEXT NOT NULL DEFAULT 'user',
    "nextRunAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastStatus" "ServiceCheckStatus" NOT NULL DEFAULT 'unknown',
    "lastCheckedAt" TIMESTAMPTZ(3),
    "lastLatencyMs" INTEGER,
    "lastError" TEXT,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "failingSince" TIMESTAMPTZ(3),
    "tlsExpiresAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ServiceCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceCheckResult" (
    "id" BIGSERIAL NOT NULL,
    "checkId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "status" "ServiceCheckStatus" NOT NULL,
    "latencyMs" INTEGER,
    "httpStatus" INTEGER,
    "error" TEXT,

    CONSTRAINT "ServiceCheckResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ServiceCheck_enabled_nextRunAt_idx" ON "ServiceCheck"("enabled", "nextRunAt");

-- CreateIndex
CREATE INDEX "ServiceCheck_containerId_idx" ON "ServiceCheck"("containerId");

-- CreateIndex
CREATE INDEX "ServiceCheckResult_checkId_at_idx" ON "ServiceCheckResult"("checkId", "at");

-- CreateIndex
CREATE INDEX "ServiceCheckResult_at_idx" ON "ServiceCheckResult"("at");

-- AddForeignKey
ALTER TABLE "ServiceCheck" ADD CONSTRAINT "ServiceCheck_containerId_fkey" FOREIGN KEY ("containerId") REFERENCES "Container"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceCheckResult" ADD CONSTRAINT "ServiceCheckResult_checkId_fkey" FOREIGN KEY ("checkId") REFERENCES "ServiceCheck"("id") ON DELETE CASCADE ON UPDATE CASCADE;



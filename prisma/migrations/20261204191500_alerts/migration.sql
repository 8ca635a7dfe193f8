-- Alerts, notification channels, deliveries and maintenance windows (issue #16).
-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('container-stopped', 'node-offline', 'cpu', 'memory', 'disk', 'operation-failed');

-- CreateEnum
CREATE TYPE "AlertScope" AS ENUM ('user', 'node', 'tag', 'container');

-- CreateEnum
CREATE TYPE "AlertState" AS ENUM ('firing', 'acknowledged', 'resolved');

-- CreateEnum
CREATE TYPE "ChannelKind" AS ENUM ('webhook', 'email', 'ntfy', 'gotify', 'discord', 'slack', 'telegram', 'teams', 'apprise');

-- CreateEnum
CREATE TYPE "DeliveryState" AS ENUM ('pending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "scope" "AlertScope" NOT NULL DEFAULT 'user',
    "scopeRef" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "trigger" DOUBLE PRECISION,
    "clear" DOUBLE PRECISION,
    "forSeconds" INTEGER NOT NULL DEFAULT 0,
    "cooldownSeconds" INTEGER NOT NULL DEFAULT 300,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "conditionKey" TEXT NOT NULL,
    "openKey" TEXT,
    "clusterKey" TEXT NOT NULL,
    "state" "AlertState" NOT NULL DEFAULT 'firing',
    "title" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "nodeId" UUID,
    "pveNode" TEXT,
    "vmid" INTEGER,
    "affected" INTEGER NOT NULL DEFAULT 0,
    "firedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "ackNote" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "snoozedUntil" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Channel" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ChannelKind" NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secretsEnc" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "sendResolved" BOOLEAN NOT NULL DEFAULT true,
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMPTZ(3),
    "lastSuccessAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" UUID NOT NULL,
    "alertId" UUID,
    "channelId" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "state" "DeliveryState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MaintenanceWindow" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "nodeId" UUID,
    "tag" TEXT,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MaintenanceWindow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlertRule_userId_idx" ON "AlertRule"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "AlertRule_userId_kind_scope_scopeRef_key" ON "AlertRule"("userId", "kind", "scope", "scopeRef");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_openKey_key" ON "Alert"("openKey");

-- CreateIndex
CREATE INDEX "Alert_userId_state_idx" ON "Alert"("userId", "state");

-- CreateIndex
CREATE INDEX "Alert_clusterKey_state_idx" ON "Alert"("clusterKey", "state");

-- CreateIndex
CREATE INDEX "Alert_conditionKey_resolvedAt_idx" ON "Alert"("conditionKey", "resolvedAt");

-- CreateIndex
CREATE INDEX "Channel_userId_idx" ON "Channel"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Channel_userId_name_key" ON "Channel"("userId", "name");

-- CreateIndex
CREATE INDEX "Delivery_channelId_createdAt_idx" ON "Delivery"("channelId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_alertId_channelId_event_key" ON "Delivery"("alertId", "channelId", "event");

-- CreateIndex
CREATE INDEX "MaintenanceWindow_userId_endsAt_idx" ON "MaintenanceWindow"("userId", "endsAt");

-- AddForeignKey
ALTER TABLE "AlertRule" ADD CONSTRAINT "AlertRule_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Channel" ADD CONSTRAINT "Channel_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MaintenanceWindow" ADD CONSTRAINT "MaintenanceWindow_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;



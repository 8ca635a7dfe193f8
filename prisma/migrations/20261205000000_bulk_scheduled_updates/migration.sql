-- Bulk and scheduled updates (issue #15): one update at a time per container, and update schedules.
-- CreateTable
CREATE TABLE "ContainerUpdateLock" (
    "clusterKey" TEXT NOT NULL,
    "vmid" INTEGER NOT NULL,
    "operationId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContainerUpdateLock_pkey" PRIMARY KEY ("clusterKey","vmid")
);

-- CreateTable
CREATE TABLE "UpdateSchedule" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "nodeId" UUID,
    "tag" TEXT,
    "days" INTEGER[],
    "minute" INTEGER NOT NULL,
    "timeZone" TEXT NOT NULL,
    "what" TEXT NOT NULL,
    "safety" TEXT NOT NULL,
    "backupStorage" TEXT,
    "perNode" INTEGER NOT NULL DEFAULT 1,
    "stopAtFirstRollback" BOOLEAN NOT NULL DEFAULT true,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "nextRunAt" TIMESTAMPTZ(3) NOT NULL,
    "lastRunAt" TIMESTAMPTZ(3),
    "lastOperationId" UUID,
    "lastResult" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "UpdateSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ContainerUpdateLock_operationId_key" ON "ContainerUpdateLock"("operationId");

-- CreateIndex
CREATE INDEX "UpdateSchedule_enabled_nextRunAt_idx" ON "UpdateSchedule"("enabled", "nextRunAt");

-- CreateIndex
CREATE INDEX "UpdateSchedule_userId_idx" ON "UpdateSchedule"("userId");

-- AddForeignKey
ALTER TABLE "UpdateSchedule" ADD CONSTRAINT "UpdateSchedule_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;



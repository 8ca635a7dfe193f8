-- CreateEnum
CREATE TYPE "OperationState" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "Operation" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "state" "OperationState" NOT NULL DEFAULT 'queued',
    "userId" UUID NOT NULL,
    "nodeId" UUID,
    "vmid" INTEGER,
    "targetName" TEXT,
    "containerId" UUID,
    "parentId" UUID,
    "params" JSONB NOT NULL DEFAULT '{}',
    "upids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "message" TEXT,
    "result" JSONB,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Operation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Operation_userId_createdAt_idx" ON "Operation"("userId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Operation_nodeId_vmid_createdAt_idx" ON "Operation"("nodeId", "vmid", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Operation_parentId_idx" ON "Operation"("parentId");

-- CreateIndex
CREATE INDEX "Operation_state_idx" ON "Operation"("state");

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_containerId_fkey" FOREIGN KEY ("containerId") REFERENCES "Container"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Operation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

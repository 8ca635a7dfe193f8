-- Update checks (issue #15 part 1): the pending OS package upgrades of each container.
-- CreateTable
CREATE TABLE "ContainerUpdateStatus" (
    "id" UUID NOT NULL,
    "clusterKey" TEXT NOT NULL,
    "vmid" INTEGER NOT NULL,
    "nodeId" UUID NOT NULL,
    "pveNode" TEXT NOT NULL,
    "family" TEXT,
    "osId" TEXT,
    "packages" JSONB NOT NULL DEFAULT '[]',
    "pending" INTEGER NOT NULL DEFAULT 0,
    "security" INTEGER NOT NULL DEFAULT 0,
    "checkedAt" TIMESTAMPTZ(3) NOT NULL,
    "okAt" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "ContainerUpdateStatus_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ContainerUpdateStatus_nodeId_idx" ON "ContainerUpdateStatus"("nodeId");

-- CreateIndex
CREATE UNIQUE INDEX "ContainerUpdateStatus_clusterKey_vmid_key" ON "ContainerUpdateStatus"("clusterKey", "vmid");

-- AddForeignKey
ALTER TABLE "ContainerUpdateStatus" ADD CONSTRAINT "ContainerUpdateStatus_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;



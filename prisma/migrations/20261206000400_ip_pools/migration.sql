-- CreateTable
CREATE TABLE "IpPool" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "bridge" TEXT NOT NULL,
    "vlan" INTEGER,
    "cidr" TEXT NOT NULL,
    "rangeStart" TEXT,
    "rangeEnd" TEXT,
    "reserved" TEXT[],
    "gateway" TEXT,
    "dns" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "IpPool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IpAllocation" (
    "id" UUID NOT NULL,
    "poolId" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "containerId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IpAllocation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IpPool_userId_bridge_idx" ON "IpPool"("userId", "bridge");

-- CreateIndex
CREATE UNIQUE INDEX "IpPool_userId_name_key" ON "IpPool"("userId", "name");

-- CreateIndex
CREATE INDEX "IpAllocation_containerId_idx" ON "IpAllocation"("containerId");

-- CreateIndex
CREATE UNIQUE INDEX "IpAllocation_poolId_address_key" ON "IpAllocation"("poolId", "address");

-- AddForeignKey
ALTER TABLE "IpPool" ADD CONSTRAINT "IpPool_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpAllocation" ADD CONSTRAINT "IpAllocation_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "IpPool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpAllocation" ADD CONSTRAINT "IpAllocation_containerId_fkey" FOREIGN KEY ("containerId") REFERENCES "Container"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- AlterTable
ALTER TABLE "IpAllocation" ADD COLUMN     "guestKey" TEXT;

-- CreateTable
CREATE TABLE "IpClaim" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "containerId" UUID,
    "guestKey" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IpClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IpSeenInUse" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "until" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IpSeenInUse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IpClaim_containerId_idx" ON "IpClaim"("containerId");

-- CreateIndex
CREATE INDEX "IpClaim_guestKey_idx" ON "IpClaim"("guestKey");

-- CreateIndex
CREATE UNIQUE INDEX "IpClaim_userId_address_key" ON "IpClaim"("userId", "address");

-- CreateIndex
CREATE UNIQUE INDEX "IpSeenInUse_userId_address_key" ON "IpSeenInUse"("userId", "address");

-- CreateIndex
CREATE INDEX "IpAllocation_guestKey_idx" ON "IpAllocation"("guestKey");

-- AddForeignKey
ALTER TABLE "IpClaim" ADD CONSTRAINT "IpClaim_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpClaim" ADD CONSTRAINT "IpClaim_containerId_fkey" FOREIGN KEY ("containerId") REFERENCES "Container"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpSeenInUse" ADD CONSTRAINT "IpSeenInUse_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;



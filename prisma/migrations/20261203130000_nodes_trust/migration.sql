-- CreateEnum
CREATE TYPE "NodeShareRole" AS ENUM ('operator', 'viewer');

-- CreateTable
CREATE TABLE "NodeShare" (
    "id" UUID NOT NULL,
    "nodeId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "NodeShareRole" NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NodeShare_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "NodeShare_userId_idx" ON "NodeShare"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "NodeShare_nodeId_userId_key" ON "NodeShare"("nodeId", "userId");

-- AddForeignKey
ALTER TABLE "NodeShare" ADD CONSTRAINT "NodeShare_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NodeShare" ADD CONSTRAINT "NodeShare_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Catalogue sources (issue #14): where synced templates come from, and each template's provenance.
-- CreateEnum
CREATE TYPE "CatalogueSourceKind" AS ENUM ('kiln', 'helper-scripts');

-- CreateEnum
CREATE TYPE "CatalogueSyncResult" AS ENUM ('ok', 'partial', 'failed');

-- AlterTable
ALTER TABLE "Template" ADD COLUMN     "contentHash" TEXT,
ADD COLUMN     "sourceCommit" TEXT,
ADD COLUMN     "sourceId" UUID,
ADD COLUMN     "sourcePath" TEXT;

-- CreateTable
CREATE TABLE "CatalogueSource" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "CatalogueSourceKind" NOT NULL,
    "url" TEXT NOT NULL,
    "ref" TEXT NOT NULL DEFAULT 'main',
    "pinnedCommit" TEXT,
    "pinnedOnly" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "syncEveryMinutes" INTEGER,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSyncAt" TIMESTAMPTZ(3),
    "lastSyncCommit" TEXT,
    "lastSyncResult" "CatalogueSyncResult",
    "lastSyncError" TEXT,
    "lastSyncEntries" JSONB,

    CONSTRAINT "CatalogueSource_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CatalogueSource_name_key" ON "CatalogueSource"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Template_sourceId_slug_version_key" ON "Template"("sourceId", "slug", "version");

-- AddForeignKey
ALTER TABLE "Template" ADD CONSTRAINT "Template_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "CatalogueSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CatalogueSource" ADD CONSTRAINT "CatalogueSource_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;



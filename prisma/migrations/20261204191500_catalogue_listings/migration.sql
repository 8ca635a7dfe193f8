-- Catalogue listings (issue #14): apps a source lists that Kiln cannot deploy, with the reason and their scripts;
-- and a helper-scripts source's metadata database URL.
-- AlterTable
ALTER TABLE "CatalogueSource" ADD COLUMN     "metadataUrl" TEXT;

-- CreateTable
CREATE TABLE "CatalogueListing" (
    "id" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "tags" TEXT[],
    "reason" TEXT NOT NULL,
    "sourceCommit" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "files" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CatalogueListing_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CatalogueListing_sourceId_path_key" ON "CatalogueListing"("sourceId", "path");

-- AddForeignKey
ALTER TABLE "CatalogueListing" ADD CONSTRAINT "CatalogueListing_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "CatalogueSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- AlterTable
ALTER TABLE "Container" ADD COLUMN     "adoptedAt" TIMESTAMPTZ(3);

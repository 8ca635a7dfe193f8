-- App versions (issue #15, app updates): what a template's appVersion commands printed.
-- AlterTable
ALTER TABLE "ContainerUpdateStatus" ADD COLUMN     "appError" TEXT,
ADD COLUMN     "appInstalled" TEXT,
ADD COLUMN     "appLatest" TEXT,
ADD COLUMN     "appName" TEXT;

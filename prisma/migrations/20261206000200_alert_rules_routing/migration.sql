-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('info', 'warning', 'critical');

-- AlterEnum


ALTER TYPE "AlertKind" ADD VALUE 'swap';
ALTER TYPE "AlertKind" ADD VALUE 'not-running';
ALTER TYPE "AlertKind" ADD VALUE 'storage-full';
ALTER TYPE "AlertKind" ADD VALUE 'backup-age';
ALTER TYPE "AlertKind" ADD VALUE 'updates-pending';
ALTER TYPE "DeliveryState" ADD VALUE 'dropped';

-- AlterTable
ALTER TABLE "ContainerUpdateStatus" ADD COLUMN     "securitySince" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "AlertRule" ADD COLUMN     "channelIds" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "days" DOUBLE PRECISION,
ADD COLUMN     "severity" "AlertSeverity";

-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "channelIds" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "severity" "AlertSeverity" NOT NULL DEFAULT 'warning';

-- AlterTable
ALTER TABLE "Channel" ADD COLUMN     "minSeverity" "AlertSeverity" NOT NULL DEFAULT 'info',
ADD COLUMN     "quietEnd" TEXT,
ADD COLUMN     "quietStart" TEXT,
ADD COLUMN     "quietTimeZone" TEXT;

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN     "heldUntil" TIMESTAMPTZ(3);



-- AlterEnum
ALTER TYPE "AlertKind" ADD VALUE 'backup-failed';

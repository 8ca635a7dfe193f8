-- The Backups page warns about containers whose last good backup is older than this (per user).
ALTER TABLE "User" ADD COLUMN "backupMaxAgeDays" INTEGER NOT NULL DEFAULT 7;

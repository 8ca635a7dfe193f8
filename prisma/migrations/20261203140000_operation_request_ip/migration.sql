-- The requester's address, for the audit row the worker writes when the operation ends.
ALTER TABLE "Operation" ADD COLUMN "requestIp" TEXT;

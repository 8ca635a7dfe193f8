-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'user');

-- CreateEnum
CREATE TYPE "TlsMode" AS ENUM ('system', 'pinned');

-- CreateEnum
CREATE TYPE "SshAuthMode" AS ENUM ('password', 'key');

-- CreateEnum
CREATE TYPE "NodeSshState" AS ENUM ('unknown', 'ok', 'failed');

-- CreateEnum
CREATE TYPE "ContainerLifecycle" AS ENUM ('creating', 'ready', 'error', 'deleted');

-- CreateEnum
CREATE TYPE "StepState" AS ENUM ('pending', 'running', 'done', 'failed', 'skipped');

-- CreateEnum
CREATE TYPE "EventLevel" AS ENUM ('info', 'warn', 'error');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('success', 'failure');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT,
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'user',
    "sessionEpoch" INTEGER NOT NULL DEFAULT 0,
    "lastLoginAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "defaultNodeId" UUID,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Node" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "apiPort" INTEGER NOT NULL DEFAULT 8006,
    "tokenId" TEXT NOT NULL,
    "tokenSecretEnc" TEXT NOT NULL,
    "tlsMode" "TlsMode" NOT NULL DEFAULT 'pinned',
    "tlsFingerprint" TEXT,
    "sshHost" TEXT,
    "sshPort" INTEGER NOT NULL DEFAULT 22,
    "sshUser" TEXT NOT NULL DEFAULT 'root',
    "sshAuth" "SshAuthMode" NOT NULL DEFAULT 'password',
    "sshPasswordEnc" TEXT,
    "sshPrivateKeyEnc" TEXT,
    "sshPublicKey" TEXT,
    "sshHostKeyFingerprint" TEXT,
    "sshState" "NodeSshState" NOT NULL DEFAULT 'unknown',
    "sshError" TEXT,
    "pveNodeName" TEXT,
    "clusterName" TEXT,
    "pveVersion" TEXT,
    "lastCheckAt" TIMESTAMPTZ(3),
    "lastCheck" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Node_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Template" (
    "id" UUID NOT NULL,
    "userId" UUID,
    "slug" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "icon" TEXT,
    "tags" TEXT[],
    "builtin" BOOLEAN NOT NULL DEFAULT false,
    "spec" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Container" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "nodeId" UUID NOT NULL,
    "templateId" UUID,
    "templateSlug" TEXT,
    "templateVersion" TEXT,
    "requestId" TEXT,
    "vmid" INTEGER NOT NULL,
    "hostname" TEXT NOT NULL,
    "pveNode" TEXT NOT NULL,
    "lifecycle" "ContainerLifecycle" NOT NULL DEFAULT 'creating',
    "spec" JSONB NOT NULL,
    "secretsEnc" TEXT,
    "ip" TEXT,
    "failure" JSONB,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "postInstall" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "readyAt" TIMESTAMPTZ(3),
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Container_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContainerStep" (
    "id" UUID NOT NULL,
    "containerId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "state" "StepState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "exitCode" INTEGER,
    "outputTail" TEXT,
    "error" TEXT,
    "data" JSONB,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ContainerStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContainerEvent" (
    "id" BIGSERIAL NOT NULL,
    "containerId" UUID NOT NULL,
    "level" "EventLevel" NOT NULL DEFAULT 'info',
    "type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "data" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContainerEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "userId" UUID,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "targetName" TEXT,
    "outcome" "AuditOutcome" NOT NULL,
    "detail" JSONB,
    "ip" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "User_defaultNodeId_key" ON "User"("defaultNodeId");

-- CreateIndex
CREATE INDEX "Node_userId_idx" ON "Node"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Node_userId_name_key" ON "Node"("userId", "name");

-- CreateIndex
CREATE INDEX "Template_slug_idx" ON "Template"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Template_userId_slug_version_key" ON "Template"("userId", "slug", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Container_requestId_key" ON "Container"("requestId");

-- CreateIndex
CREATE INDEX "Container_userId_lifecycle_idx" ON "Container"("userId", "lifecycle");

-- CreateIndex
CREATE INDEX "Container_nodeId_vmid_idx" ON "Container"("nodeId", "vmid");

-- CreateIndex
CREATE INDEX "ContainerStep_containerId_position_idx" ON "ContainerStep"("containerId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ContainerStep_containerId_key_key" ON "ContainerStep"("containerId", "key");

-- CreateIndex
CREATE INDEX "ContainerEvent_containerId_id_idx" ON "ContainerEvent"("containerId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_userId_createdAt_idx" ON "AuditEvent"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_action_createdAt_idx" ON "AuditEvent"("action", "createdAt");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_defaultNodeId_fkey" FOREIGN KEY ("defaultNodeId") REFERENCES "Node"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Node" ADD CONSTRAINT "Node_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Template" ADD CONSTRAINT "Template_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Container" ADD CONSTRAINT "Container_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Container" ADD CONSTRAINT "Container_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Container" ADD CONSTRAINT "Container_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContainerStep" ADD CONSTRAINT "ContainerStep_containerId_fkey" FOREIGN KEY ("containerId") REFERENCES "Container"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContainerEvent" ADD CONSTRAINT "ContainerEvent_containerId_fkey" FOREIGN KEY ("containerId") REFERENCES "Container"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

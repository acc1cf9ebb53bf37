-- AlterEnum
ALTER TYPE "CommandKind" ADD VALUE 'start_print';
ALTER TYPE "CommandKind" ADD VALUE 'stage_file';

-- CreateEnum
CREATE TYPE "PrintStartStatus" AS ENUM ('pending', 'uploading', 'starting', 'started', 'failed');

-- CreateEnum
CREATE TYPE "QueueTarget" AS ENUM ('printer', 'models', 'any');

-- CreateEnum
CREATE TYPE "QueueEntryStatus" AS ENUM ('queued', 'done', 'cancelled');

-- AlterTable
ALTER TABLE "Printer" ADD COLUMN     "autoClearPlate" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "awaitingPlateClearSince" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "PrinterCommand" ADD COLUMN     "progress" JSONB;

-- CreateTable
CREATE TABLE "LibraryFile" (
    "id" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "metadata" JSONB NOT NULL,
    "thumbnailSha256" TEXT,
    "uploadedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LibraryFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PrintStart" (
    "id" TEXT NOT NULL,
    "printerId" TEXT NOT NULL,
    "libraryFileId" TEXT,
    "remoteName" TEXT NOT NULL,
    "plate" INTEGER NOT NULL DEFAULT 1,
    "options" JSONB NOT NULL DEFAULT '{}',
    "overrides" TEXT[],
    "status" "PrintStartStatus" NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "commandId" TEXT,
    "queueEntryId" TEXT,
    "reason" TEXT,
    "jobId" TEXT,
    "requestedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PrintStart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QueueEntry" (
    "id" TEXT NOT NULL,
    "libraryFileId" TEXT NOT NULL,
    "plate" INTEGER NOT NULL DEFAULT 1,
    "copies" INTEGER NOT NULL DEFAULT 1,
    "copiesStarted" INTEGER NOT NULL DEFAULT 0,
    "copiesDone" INTEGER NOT NULL DEFAULT 0,
    "target" "QueueTarget" NOT NULL DEFAULT 'any',
    "targetPrinterId" TEXT,
    "targetModels" TEXT[],
    "priority" INTEGER NOT NULL DEFAULT 0,
    "position" DOUBLE PRECISION NOT NULL,
    "options" JSONB NOT NULL DEFAULT '{}',
    "status" "QueueEntryStatus" NOT NULL DEFAULT 'queued',
    "lastError" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QueueEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StagedFile" (
    "printerId" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "remoteName" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "bytesSent" BIGINT NOT NULL DEFAULT 0,
    "error" TEXT,
    "queueEntryId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StagedFile_pkey" PRIMARY KEY ("printerId","sha256")
);

-- CreateIndex
CREATE INDEX "LibraryFile_createdAt_idx" ON "LibraryFile"("createdAt");

-- CreateIndex
CREATE INDEX "LibraryFile_name_idx" ON "LibraryFile"("name");

-- CreateIndex
CREATE INDEX "LibraryFile_sha256_idx" ON "LibraryFile"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "PrintStart_commandId_key" ON "PrintStart"("commandId");

-- CreateIndex
CREATE UNIQUE INDEX "PrintStart_jobId_key" ON "PrintStart"("jobId");

-- CreateIndex
CREATE INDEX "PrintStart_printerId_createdAt_idx" ON "PrintStart"("printerId", "createdAt");

-- CreateIndex
CREATE INDEX "PrintStart_queueEntryId_idx" ON "PrintStart"("queueEntryId");

-- CreateIndex
CREATE INDEX "PrintStart_status_idx" ON "PrintStart"("status");

-- CreateIndex
CREATE INDEX "QueueEntry_status_priority_position_idx" ON "QueueEntry"("status", "priority", "position");

-- AddForeignKey
ALTER TABLE "PrintStart" ADD CONSTRAINT "PrintStart_printerId_fkey" FOREIGN KEY ("printerId") REFERENCES "Printer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrintStart" ADD CONSTRAINT "PrintStart_libraryFileId_fkey" FOREIGN KEY ("libraryFileId") REFERENCES "LibraryFile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PrintStart" ADD CONSTRAINT "PrintStart_queueEntryId_fkey" FOREIGN KEY ("queueEntryId") REFERENCES "QueueEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueEntry" ADD CONSTRAINT "QueueEntry_libraryFileId_fkey" FOREIGN KEY ("libraryFileId") REFERENCES "LibraryFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StagedFile" ADD CONSTRAINT "StagedFile_printerId_fkey" FOREIGN KEY ("printerId") REFERENCES "Printer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

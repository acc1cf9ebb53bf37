-- CreateEnum
CREATE TYPE "CommandKind" AS ENUM ('pause', 'resume', 'cancel', 'refresh_files', 'download_file', 'test_connection');

-- CreateEnum
CREATE TYPE "CommandStatus" AS ENUM ('pending', 'claimed', 'done', 'failed', 'expired');

-- CreateTable
CREATE TABLE "PrinterCommand" (
    "id" TEXT NOT NULL,
    "printerId" TEXT,
    "kind" "CommandKind" NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "status" "CommandStatus" NOT NULL DEFAULT 'pending',
    "result" JSONB,
    "error" TEXT,
    "errorKind" TEXT,
    "requestedById" TEXT,
    "claimedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PrinterCommand_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PrinterCommand_status_createdAt_idx" ON "PrinterCommand"("status", "createdAt");

-- CreateIndex
CREATE INDEX "PrinterCommand_printerId_createdAt_idx" ON "PrinterCommand"("printerId", "createdAt");

-- AddForeignKey
ALTER TABLE "PrinterCommand" ADD CONSTRAINT "PrinterCommand_printerId_fkey" FOREIGN KEY ("printerId") REFERENCES "Printer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

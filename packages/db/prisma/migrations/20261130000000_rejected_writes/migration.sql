-- AlterTable
ALTER TABLE "WorkerNode" ADD COLUMN     "lastCommitAt" TIMESTAMP(3),
ADD COLUMN     "writesStalledSince" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "RejectedWrite" (
    "id" BIGSERIAL NOT NULL,
    "printerId" TEXT,
    "workerId" TEXT NOT NULL,
    "opType" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "sqlState" TEXT,
    "message" TEXT NOT NULL,
    "excerpt" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RejectedWrite_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RejectedWrite_createdAt_idx" ON "RejectedWrite"("createdAt");

-- CreateIndex
CREATE INDEX "RejectedWrite_printerId_createdAt_idx" ON "RejectedWrite"("printerId", "createdAt");

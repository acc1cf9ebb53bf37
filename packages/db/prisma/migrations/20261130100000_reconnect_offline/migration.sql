-- AlterEnum
ALTER TYPE "CommandKind" ADD VALUE 'reconnect';

"use client";
// "Plate cleared": one click, no confirmation (it only allows the next print), for operators and
// admins, on the dashboard card and the printer page. The outcome is a toast; the card's
// "Waiting for the plate" line goes away with the live update.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@printernizer/ui/button";
import { useToast } from "@printernizer/ui/toast";
import { errorMessage } from "~/app/_lib/trpc-error";
import { useTRPC } from "~/trpc/react";

export function PlateClearedButton({ printer }: { printer: { id: string; name: string } }) {
  const trpc = useTRPC();
  const toast = useToast();
  const queryClient = useQueryClient();
  const confirm = useMutation(
    trpc.printer.confirmPlateCleared.mutationOptions({
      onSuccess: ({ results }) => {
        const result = results.find((r) => r.printerId === printer.id);
        if (result && !result.cleared) toast(`${printer.name}: ${result.message}`, "error");
        else toast(`${printer.name}: plate cleared, the printer can take the next print.`, "success");
        void queryClient.invalidateQueries(trpc.farm.list.queryFilter());
        void queryClient.invalidateQueries(trpc.printer.get.queryFilter({ printerId: printer.id }));
      },
      onError: (error) => toast(`${printer.name}: ${errorMessage(error)}`, "error"),
    }),
  );
  return (
    <Button
      variant="secondary"
      disabled={confirm.isPending}
      onClick={() => confirm.mutate({ printerIds: [printer.id] })}
      aria-label={`Plate cleared on ${printer.name}`}
      data-testid="plate-cleared"
    >
      {confirm.isPending ? "Confirming…" : "Plate cleared"}
    </Button>
  );
}

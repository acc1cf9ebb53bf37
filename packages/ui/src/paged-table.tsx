"use client";
// A DataTable fed one page at a time (a TanStack infinite query or anything shaped like one):
// "Loading…" until the first page is there, then the rows or the empty text, and a
// "Load more" button while there are more pages (disabled, saying "Loading…", while one loads).
import { Button } from "./button";
import { DataTable, type DataTableProps } from "./data-table";

/** What the table needs from the paged query. */
export interface TablePages {
  /** No page has arrived yet. */
  isPending: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

export interface PagedTableProps<Row> extends DataTableProps<Row> {
  pages: TablePages;
}

export function PagedTable<Row>({ pages, empty, ...table }: PagedTableProps<Row>) {
  return (
    <div className="space-y-2">
      <DataTable {...table} empty={pages.isPending ? "Loading…" : empty} />
      {pages.hasNextPage ? (
        <Button
          variant="secondary"
          onClick={() => void pages.fetchNextPage()}
          disabled={pages.isFetchingNextPage}
        >
          {pages.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}

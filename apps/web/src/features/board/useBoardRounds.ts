import { useEffect, useState } from "react";
import { fetchBoardList } from "./api.ts";

/** The rounds of a room whose board has something drawn (empty until known, or when none has). */
export function useBoardRounds(roomId: string, token: string | null): ReadonlySet<number> {
  const [rounds, setRounds] = useState<ReadonlySet<number>>(new Set());
  useEffect(() => {
    if (!token) return;
    let current = true;
    void fetchBoardList(roomId, token).then((result) => {
      if (current && result.ok) setRounds(new Set(result.data.boards.map((board) => board.round)));
    });
    return () => {
      current = false;
    };
  }, [roomId, token]);
  return rounds;
}

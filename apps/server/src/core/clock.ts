/** The store's clock (Redis TIME with Redis), in ms since the epoch: every node agrees on deadlines by it. */
export type StoreClock = () => Promise<number>;

import { ratingLabel } from "@mockloop/protocol";
import type { ScaleLevel } from "@mockloop/questions/model";
import clsx from "clsx";
import styles from "./RatingPill.module.css";
import { ratingTone } from "./scorecard.ts";

/** A rating as a coloured pill: red for the lower half of the scale, green for the upper. */
export function RatingPill({ rating, scale }: { rating: string; scale: readonly ScaleLevel[] }) {
  return <span className={clsx(styles.ratingPill, styles[ratingTone(rating, scale)])}>{ratingLabel(rating, scale)}</span>;
}

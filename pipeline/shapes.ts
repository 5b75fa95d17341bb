/**
 * Small zod shapes shared by the config schema and the stages that own parts of it.
 * @module
 */
import { z } from "zod";

/** An absolute http(s) URL. */
export const HttpUrl = z
  .string()
  .url()
  .refine(
    (u) => /^https?:\/\//i.test(u),
    (u) => ({ message: `not an http(s) URL: ${u}` }),
  );

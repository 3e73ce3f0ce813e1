/**
 * zod/mini, the tree-shakable form of zod (about 20 KB in a bundle against 85 KB for the
 * chained API), with English messages: zod/mini ships with none, and keysentry's errors
 * quote them. Every schema imports zod from here.
 */
import { en } from "zod/locales";
import { config } from "zod/mini";

config(en());

export * from "zod/mini";

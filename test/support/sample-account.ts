import { readSampleAccount } from "../../cli/demo";

/** The sample account of the demo, shifted so that its capture moment is `now`. */
export const sampleAccount = readSampleAccount;

export const TEST_CREDENTIALS = { accessKeyId: "AKIDLOCALTEST", secretAccessKey: "local-test-secret" };

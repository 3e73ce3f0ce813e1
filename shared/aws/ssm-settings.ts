import { GetParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { parseSettings, type Settings, SettingsError } from "../settings";

/** The settings document from an SSM parameter; a bad one stops the function at cold start. */
export async function settingsFromParameter(ssm: SSMClient, name: string): Promise<Settings> {
  const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  let document: unknown;
  try {
    document = JSON.parse(Parameter?.Value ?? "{}");
  } catch (error) {
    throw new SettingsError("", `SSM parameter ${name} is not JSON: ${(error as Error).message}`);
  }
  return parseSettings(document);
}

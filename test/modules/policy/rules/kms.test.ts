import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { describeRule } from "../fixtures";

describeRule({
  rule: "KMS-ROTATION",
  passes: [{ name: "a symmetric key with rotation on", build: (s) => void new KmsKey(s, "key", { enableKeyRotation: true }) }],
  fails: [
    { name: "a key without rotation", build: (s) => void new KmsKey(s, "key", {}), message: /enable_key_rotation is not set/ },
    {
      name: "a key with rotation off",
      build: (s) => void new KmsKey(s, "key", { enableKeyRotation: false }),
      message: /enable_key_rotation is false/,
    },
  ],
  skips: [
    {
      name: "an asymmetric signing key, which cannot rotate",
      build: (s) => void new KmsKey(s, "key", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
    },
  ],
});

describeRule({
  rule: "KMS-DELETION-WINDOW",
  passes: [
    {
      name: "a key with the default window (30 days) in a protected environment",
      build: (s) => void new KmsKey(s, "key", { enableKeyRotation: true }),
    },
    { name: "a key with a 30-day window", build: (s) => void new KmsKey(s, "key", { deletionWindowInDays: 30 }) },
  ],
  fails: [
    {
      name: "a 7-day window in a protected environment",
      build: (s) => void new KmsKey(s, "key", { deletionWindowInDays: 7 }),
      message: /deletion_window_in_days is 7, below 30/,
    },
  ],
  skips: [
    {
      name: "a 7-day window when protectData is off",
      build: (s) => void new KmsKey(s, "key", { deletionWindowInDays: 7 }),
      settings: { protectData: false },
    },
  ],
});

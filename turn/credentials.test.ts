import { describe, expect, test } from "bun:test";
import { credentialOwner, issueTurnCredentials, turnPasswordFor } from "./credentials";

const NOW = 1_700_000_000_000;

describe("TURN REST API credentials", () => {
  test("the username is the expiry in unix seconds and the peer id", () => {
    const c = issueTurnCredentials("s3cret", "peer-1", 600, NOW);
    expect(c.username).toBe("1700000600:peer-1");
    expect(c.expiresAt).toBe(1_700_000_600_000);
  });

  test("the password matches a reference HMAC-SHA1 (openssl dgst -sha1 -hmac s3cret | base64)", () => {
    // echo -n "1700000000:alice" | openssl dgst -sha1 -hmac s3cret -binary | base64
    expect(turnPasswordFor("s3cret", "1700000000:alice", NOW - 1000)).toBe("TtElzSjT0GdnTQ9xdcRNxx96yQs=");
  });

  test("the relay accepts what was issued until it expires", () => {
    const c = issueTurnCredentials("s3cret", "peer-1", 60, NOW);
    expect(turnPasswordFor("s3cret", c.username, NOW)).toBe(c.credential);
    expect(turnPasswordFor("s3cret", c.username, c.expiresAt - 1)).toBe(c.credential);
    expect(turnPasswordFor("s3cret", c.username, c.expiresAt)).toBeNull();
  });

  test("a tampered username gets a different password, and another secret does not match", () => {
    const c = issueTurnCredentials("s3cret", "peer-1", 60, NOW);
    const later = c.username.replace(/^\d+/, (s) => String(Number(s) + 3600));
    expect(turnPasswordFor("s3cret", later, NOW)).not.toBe(c.credential);
    expect(turnPasswordFor("other", c.username, NOW)).not.toBe(c.credential);
  });

  test("an empty or absent user part is accepted, as coturn does", () => {
    expect(turnPasswordFor("s3cret", "1700000600:", NOW)).not.toBeNull();
    expect(turnPasswordFor("s3cret", "1700000600", NOW)).not.toBeNull();
  });

  test("malformed usernames have no password", () => {
    for (const u of ["", "peer-1", ":peer-1", "1700000600x", "abc:peer", "1700000600:a\nb", `1700000600:${"x".repeat(600)}`]) {
      expect(turnPasswordFor("s3cret", u, NOW)).toBeNull();
    }
  });
});

test("a credential's owner is the peer id after the expiry, empty when there is none", () => {
  expect(credentialOwner(issueTurnCredentials("s3cret", "peer-1", 60, NOW).username)).toBe("peer-1");
  expect(credentialOwner("1700000000:a:b")).toBe("a:b");
  expect(credentialOwner("1700000000")).toBe("");
});

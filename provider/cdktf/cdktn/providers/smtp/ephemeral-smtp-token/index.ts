// https://registry.terraform.io/providers/relayform/smtp/latest/docs/ephemeral-resources/token
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktn from 'cdktn';

// Configuration

export interface EphemeralSmtpTokenConfig extends cdktn.TerraformEphemeralMetaArguments {
  /**
  * The id of the account the token is for. Unset: the account the provider signs in as (`username`/`password`, or an account token); the admin must set it. An account may only ask for a token for itself.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/ephemeral-resources/token#account_id EphemeralSmtpToken#account_id}
  */
  readonly accountId?: string;
  /**
  * How long the token lives, in seconds (60 to 2592000). Defaults to `86400`. Terraform revokes it when the run no longer needs it, so this only bounds a token whose revocation failed.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/ephemeral-resources/token#ttl_seconds EphemeralSmtpToken#ttl_seconds}
  */
  readonly ttlSeconds?: number;
}

/**
* Represents a {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/ephemeral-resources/token smtp_token}
*/
export class EphemeralSmtpToken extends cdktn.TerraformEphemeralResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "smtp_token";

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/ephemeral-resources/token smtp_token} Ephemeral Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options EphemeralSmtpTokenConfig = {}
  */
  public constructor(scope: Construct, id: string, config: EphemeralSmtpTokenConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'smtp_token',
      terraformGeneratorMetadata: {
        providerName: 'smtp'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach
    });
    this._accountId = config.accountId;
    this._ttlSeconds = config.ttlSeconds;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // account_id - computed: true, optional: true, required: false
  private _accountId?: string; 
  public get accountId() {
    return this.getStringAttribute('account_id');
  }
  public set accountId(value: string) {
    this._accountId = value;
  }
  public resetAccountId() {
    this._accountId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get accountIdInput() {
    return this._accountId;
  }

  // expires_at - computed: true, optional: false, required: false
  public get expiresAt() {
    return this.getStringAttribute('expires_at');
  }

  // token - computed: true, optional: false, required: false
  public get token() {
    return this.getStringAttribute('token');
  }

  // ttl_seconds - computed: true, optional: true, required: false
  private _ttlSeconds?: number; 
  public get ttlSeconds() {
    return this.getNumberAttribute('ttl_seconds');
  }
  public set ttlSeconds(value: number) {
    this._ttlSeconds = value;
  }
  public resetTtlSeconds() {
    this._ttlSeconds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ttlSecondsInput() {
    return this._ttlSeconds;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      account_id: cdktn.stringToTerraform(this._accountId),
      ttl_seconds: cdktn.numberToTerraform(this._ttlSeconds),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      account_id: {
        value: cdktn.stringToHclTerraform(this._accountId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      ttl_seconds: {
        value: cdktn.numberToHclTerraform(this._ttlSeconds),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}

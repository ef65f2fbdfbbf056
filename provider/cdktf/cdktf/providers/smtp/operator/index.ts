// https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/operator
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface OperatorConfig extends cdktf.TerraformMetaArguments {
  /**
  * The `smtp_account` that becomes an operator; or set `directory_id` and `directory_dn` instead. Changing it replaces the operator.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/operator#account_id Operator#account_id}
  */
  readonly accountId?: string;
  /**
  * The DN of a directory user, or of a directory group: every member (nested groups included, as the directory's `flavor` resolves them) may manage the virtual server with its directory credentials. Compared case-insensitively. Changing it replaces the operator.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/operator#directory_dn Operator#directory_dn}
  */
  readonly directoryDn?: string;
  /**
  * The `smtp_directory` whose user or group `directory_dn` names. Changing it replaces the operator.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/operator#directory_id Operator#directory_id}
  */
  readonly directoryId?: string;
  /**
  * The virtual server the operator may manage. Changing it replaces the operator.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/operator#virtual_server_id Operator#virtual_server_id}
  */
  readonly virtualServerId: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/operator smtp_operator}
*/
export class Operator extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "smtp_operator";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a Operator resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the Operator to import
  * @param importFromId The id of the existing Operator that should be imported. Refer to the {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/operator#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the Operator to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "smtp_operator", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/operator smtp_operator} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options OperatorConfig
  */
  public constructor(scope: Construct, id: string, config: OperatorConfig) {
    super(scope, id, {
      terraformResourceType: 'smtp_operator',
      terraformGeneratorMetadata: {
        providerName: 'smtp'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._accountId = config.accountId;
    this._directoryDn = config.directoryDn;
    this._directoryId = config.directoryId;
    this._virtualServerId = config.virtualServerId;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // account_id - computed: false, optional: true, required: false
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

  // directory_dn - computed: false, optional: true, required: false
  private _directoryDn?: string; 
  public get directoryDn() {
    return this.getStringAttribute('directory_dn');
  }
  public set directoryDn(value: string) {
    this._directoryDn = value;
  }
  public resetDirectoryDn() {
    this._directoryDn = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get directoryDnInput() {
    return this._directoryDn;
  }

  // directory_id - computed: false, optional: true, required: false
  private _directoryId?: string; 
  public get directoryId() {
    return this.getStringAttribute('directory_id');
  }
  public set directoryId(value: string) {
    this._directoryId = value;
  }
  public resetDirectoryId() {
    this._directoryId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get directoryIdInput() {
    return this._directoryId;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // virtual_server_id - computed: false, optional: false, required: true
  private _virtualServerId?: string; 
  public get virtualServerId() {
    return this.getStringAttribute('virtual_server_id');
  }
  public set virtualServerId(value: string) {
    this._virtualServerId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get virtualServerIdInput() {
    return this._virtualServerId;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      account_id: cdktf.stringToTerraform(this._accountId),
      directory_dn: cdktf.stringToTerraform(this._directoryDn),
      directory_id: cdktf.stringToTerraform(this._directoryId),
      virtual_server_id: cdktf.stringToTerraform(this._virtualServerId),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      account_id: {
        value: cdktf.stringToHclTerraform(this._accountId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      directory_dn: {
        value: cdktf.stringToHclTerraform(this._directoryDn),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      directory_id: {
        value: cdktf.stringToHclTerraform(this._directoryId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      virtual_server_id: {
        value: cdktf.stringToHclTerraform(this._virtualServerId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}

// https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/relay_check
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface DataSmtpRelayCheckConfig extends cdktf.TerraformMetaArguments {
  /**
  * The account (`DOMAIN\name` or `name`) the client authenticated as. Unset: anonymous.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/relay_check#authenticated_as DataSmtpRelayCheck#authenticated_as}
  */
  readonly authenticatedAs?: string;
  /**
  * The client's confirmed reverse DNS name, for domain rules. Unset: none.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/relay_check#client_hostname DataSmtpRelayCheck#client_hostname}
  */
  readonly clientHostname?: string;
  /**
  * The connecting client's IP address.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/relay_check#client_ip DataSmtpRelayCheck#client_ip}
  */
  readonly clientIp: string;
  /**
  * The envelope recipient (RCPT TO).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/relay_check#recipient DataSmtpRelayCheck#recipient}
  */
  readonly recipient: string;
  /**
  * The envelope sender (MAIL FROM); `""` is the null sender.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/relay_check#sender DataSmtpRelayCheck#sender}
  */
  readonly sender: string;
  /**
  * The virtual server to ask.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/relay_check#virtual_server_id DataSmtpRelayCheck#virtual_server_id}
  */
  readonly virtualServerId: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/relay_check smtp_relay_check}
*/
export class DataSmtpRelayCheck extends cdktf.TerraformDataSource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "smtp_relay_check";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a DataSmtpRelayCheck resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the DataSmtpRelayCheck to import
  * @param importFromId The id of the existing DataSmtpRelayCheck that should be imported. Refer to the {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/relay_check#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the DataSmtpRelayCheck to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "smtp_relay_check", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/data-sources/relay_check smtp_relay_check} Data Source
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DataSmtpRelayCheckConfig
  */
  public constructor(scope: Construct, id: string, config: DataSmtpRelayCheckConfig) {
    super(scope, id, {
      terraformResourceType: 'smtp_relay_check',
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
    this._authenticatedAs = config.authenticatedAs;
    this._clientHostname = config.clientHostname;
    this._clientIp = config.clientIp;
    this._recipient = config.recipient;
    this._sender = config.sender;
    this._virtualServerId = config.virtualServerId;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // authenticated_as - computed: false, optional: true, required: false
  private _authenticatedAs?: string; 
  public get authenticatedAs() {
    return this.getStringAttribute('authenticated_as');
  }
  public set authenticatedAs(value: string) {
    this._authenticatedAs = value;
  }
  public resetAuthenticatedAs() {
    this._authenticatedAs = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get authenticatedAsInput() {
    return this._authenticatedAs;
  }

  // client_hostname - computed: false, optional: true, required: false
  private _clientHostname?: string; 
  public get clientHostname() {
    return this.getStringAttribute('client_hostname');
  }
  public set clientHostname(value: string) {
    this._clientHostname = value;
  }
  public resetClientHostname() {
    this._clientHostname = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get clientHostnameInput() {
    return this._clientHostname;
  }

  // client_ip - computed: false, optional: false, required: true
  private _clientIp?: string; 
  public get clientIp() {
    return this.getStringAttribute('client_ip');
  }
  public set clientIp(value: string) {
    this._clientIp = value;
  }
  // Temporarily expose input value. Use with caution.
  public get clientIpInput() {
    return this._clientIp;
  }

  // decision - computed: true, optional: false, required: false
  public get decision() {
    return this.getStringAttribute('decision');
  }

  // enhanced_status - computed: true, optional: false, required: false
  public get enhancedStatus() {
    return this.getStringAttribute('enhanced_status');
  }

  // reason - computed: true, optional: false, required: false
  public get reason() {
    return this.getStringAttribute('reason');
  }

  // recipient - computed: false, optional: false, required: true
  private _recipient?: string; 
  public get recipient() {
    return this.getStringAttribute('recipient');
  }
  public set recipient(value: string) {
    this._recipient = value;
  }
  // Temporarily expose input value. Use with caution.
  public get recipientInput() {
    return this._recipient;
  }

  // sender - computed: false, optional: false, required: true
  private _sender?: string; 
  public get sender() {
    return this.getStringAttribute('sender');
  }
  public set sender(value: string) {
    this._sender = value;
  }
  // Temporarily expose input value. Use with caution.
  public get senderInput() {
    return this._sender;
  }

  // smtp_code - computed: true, optional: false, required: false
  public get smtpCode() {
    return this.getNumberAttribute('smtp_code');
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
      authenticated_as: cdktf.stringToTerraform(this._authenticatedAs),
      client_hostname: cdktf.stringToTerraform(this._clientHostname),
      client_ip: cdktf.stringToTerraform(this._clientIp),
      recipient: cdktf.stringToTerraform(this._recipient),
      sender: cdktf.stringToTerraform(this._sender),
      virtual_server_id: cdktf.stringToTerraform(this._virtualServerId),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      authenticated_as: {
        value: cdktf.stringToHclTerraform(this._authenticatedAs),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      client_hostname: {
        value: cdktf.stringToHclTerraform(this._clientHostname),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      client_ip: {
        value: cdktf.stringToHclTerraform(this._clientIp),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      recipient: {
        value: cdktf.stringToHclTerraform(this._recipient),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      sender: {
        value: cdktf.stringToHclTerraform(this._sender),
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

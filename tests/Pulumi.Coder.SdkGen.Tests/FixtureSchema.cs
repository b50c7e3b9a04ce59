namespace Pulumi.Coder.SdkGen.Tests;

/// <summary>
/// A made-up package ("acme") using every schema feature the generator supports: modules, object types in every
/// shape, nested lists and maps, secrets, defaults and environment defaults of every primitive type, enums of
/// strings, numbers and integers, replace-on-change properties (also inside object types), the pulumi.json types,
/// names that clash with C# keywords or generated members, and descriptions needing escapes.
/// </summary>
internal static class FixtureSchema
{
    public const string Json = """
    {
      "name": "acme",
      "version": "1.2.3",
      "description": "Fixture & <friends>",
      "publisher": "Acme",
      "homepage": "https://example.com",
      "license": "Apache-2.0",
      "repository": "https://example.com/acme",
      "pluginDownloadURL": "https://example.com/plugins",
      "keywords": ["pulumi", "acme"],
      "language": { "csharp": { "rootNamespace": "Pulumi", "packageReferences": { "Pulumi": "3.112.1" } } },
      "config": {
        "variables": {
          "endpoint": { "type": "string", "default": "https://api.example.com", "defaultInfo": { "environment": ["ACME_ENDPOINT", "ACME_URL"] }, "description": "Where <the> API & co. live." },
          "insecure": { "type": "boolean", "defaultInfo": { "environment": ["ACME_INSECURE"] } },
          "retries": { "type": "integer", "default": 3 },
          "ratio": { "type": "number", "defaultInfo": { "environment": ["ACME_RATIO"] } },
          "regions": { "type": "array", "items": { "type": "string" } },
          "headers": { "type": "object", "additionalProperties": { "type": "string" } },
          "apiKey": { "type": "string", "secret": true }
        }
      },
      "provider": {
        "description": "The acme provider.",
        "inputProperties": {
          "apiKey": { "type": "string", "secret": true },
          "endpoint": { "type": "string" },
          "retries": { "type": "integer", "defaultInfo": { "environment": ["ACME_RETRIES"] } },
          "ratio": { "type": "number", "default": 0.5, "defaultInfo": { "environment": ["ACME_RATIO"] } },
          "insecure": { "type": "boolean", "defaultInfo": { "environment": ["ACME_INSECURE"] } },
          "settings": { "$ref": "#/types/acme:index:Settings" }
        },
        "requiredInputs": ["endpoint"],
        "properties": {
          "endpoint": { "type": "string" },
          "retries": { "type": "integer" },
          "apiKey": { "type": "string", "secret": true }
        },
        "required": ["endpoint"]
      },
      "resources": {
        "acme:index:Widget": {
          "description": "A widget.\n\nUse `a < b && c > d`.",
          "aliases": ["acme:index:Gadget", { "type": "acme:legacy:Widget" }],
          "inputProperties": {
            "name": { "type": "string" },
            "size": { "type": "number", "default": 1.5 },
            "count": { "type": "integer", "default": 2 },
            "enabled": { "type": "boolean", "default": true },
            "label": { "type": "string", "default": "a \"quoted\" \\ label\n" },
            "tags": { "type": "object", "additionalProperties": { "type": "string" } },
            "secretTags": { "type": "object", "additionalProperties": { "type": "string" }, "secret": true },
            "secretList": { "type": "array", "items": { "type": "string" }, "secret": true },
            "secretNumber": { "type": "integer", "secret": true },
            "matrix": { "type": "array", "items": { "type": "array", "items": { "type": "integer" } } },
            "settings": { "$ref": "#/types/acme:index:Settings" },
            "ports": { "type": "array", "items": { "$ref": "#/types/acme:index:Port" } },
            "portsByName": { "type": "object", "additionalProperties": { "$ref": "#/types/acme:index:Port" } },
            "metadata": { "$ref": "pulumi.json#/Any" },
            "document": { "$ref": "pulumi.json#/Json" },
            "archive": { "$ref": "pulumi.json#/Archive" },
            "asset": { "$ref": "pulumi.json#/Asset" },
            "event": { "type": "string" },
            "widget": { "type": "string" },
            "empty": { "type": "string" },
            "color": { "$ref": "#/types/acme:index:Color", "default": "light-blue" },
            "tier": { "$ref": "#/types/acme:index:Tier" },
            "zone": { "type": "string", "willReplaceOnChanges": true },
            "region": { "type": "string", "defaultInfo": { "environment": ["ACME_REGION"] } }
          },
          "requiredInputs": ["name", "settings"],
          "properties": {
            "name": { "type": "string" },
            "size": { "type": "number" },
            "count": { "type": "integer" },
            "tags": { "type": "object", "additionalProperties": { "type": "string" } },
            "matrix": { "type": "array", "items": { "type": "array", "items": { "type": "integer" } } },
            "settings": { "$ref": "#/types/acme:index:Settings" },
            "ports": { "type": "array", "items": { "$ref": "#/types/acme:index:Port" } },
            "portsByName": { "type": "object", "additionalProperties": { "$ref": "#/types/acme:index:Port" } },
            "metadata": { "$ref": "pulumi.json#/Any" },
            "document": { "$ref": "pulumi.json#/Json" },
            "archive": { "$ref": "pulumi.json#/Archive" },
            "asset": { "$ref": "pulumi.json#/Asset" },
            "event": { "type": "string" },
            "widget": { "type": "string" },
            "get": { "type": "string" },
            "secretValue": { "type": "string", "secret": true },
            "secretTags": { "type": "object", "additionalProperties": { "type": "string" }, "secret": true },
            "color": { "$ref": "#/types/acme:index:Color" },
            "tier": { "$ref": "#/types/acme:index:Tier" },
            "brightness": { "$ref": "#/types/acme:index:Brightness" },
            "zone": { "type": "string" }
          },
          "required": ["name", "settings", "secretValue"],
          "stateInputs": {
            "properties": {
              "name": { "type": "string" },
              "settings": { "$ref": "#/types/acme:index:Settings" },
              "ports": { "type": "array", "items": { "$ref": "#/types/acme:index:Port" } }
            }
          }
        },
        "acme:storage:Bucket": {
          "inputProperties": { "widgetSettings": { "$ref": "#/types/acme:index:Settings" }, "lifecycle": { "$ref": "#/types/acme:storage:Lifecycle" }, "storageClass": { "$ref": "#/types/acme:storage:StorageClass", "default": "cold" } },
          "properties": { "widgetSettings": { "$ref": "#/types/acme:index:Settings" }, "region": { "type": "string" }, "storageClass": { "$ref": "#/types/acme:storage:StorageClass" } },
          "required": ["region"]
        }
      },
      "functions": {
        "acme:index:getWidget": {
          "description": "Finds a widget.",
          "inputs": {
            "properties": {
              "name": { "type": "string" },
              "filter": { "$ref": "#/types/acme:index:Filter" },
              "labels": { "type": "array", "items": { "type": "string" } },
              "options": { "type": "object", "additionalProperties": { "type": "string" } },
              "limit": { "type": "integer", "default": 10 },
              "strict": { "type": "boolean" },
              "key": { "type": "string", "secret": true },
              "sort": { "$ref": "#/types/acme:index:SortOrder" }
            },
            "required": ["name", "strict", "sort"]
          },
          "outputs": {
            "properties": {
              "settings": { "$ref": "#/types/acme:index:Settings" },
              "ports": { "type": "array", "items": { "$ref": "#/types/acme:index:Port" } },
              "portsByName": { "type": "object", "additionalProperties": { "$ref": "#/types/acme:index:Port" } },
              "total": { "type": "number" },
              "default": { "type": "string" },
              "color": { "$ref": "#/types/acme:index:Color" }
            },
            "required": ["total", "settings"],
            "type": "object"
          }
        },
        "acme:index:listRegions": {
          "outputs": { "properties": { "regions": { "type": "array", "items": { "type": "string" } } }, "required": ["regions"], "type": "object" }
        },
        "acme:storage:getBucket": {
          "inputs": { "properties": { "region": { "type": "string" } } },
          "outputs": { "properties": { "settings": { "$ref": "#/types/acme:index:Settings" } }, "type": "object" }
        }
      },
      "types": {
        "acme:index:Settings": {
          "description": "Widget settings.",
          "type": "object",
          "properties": {
            "mode": { "type": "string", "default": "fast", "willReplaceOnChanges": true },
            "limits": { "$ref": "#/types/acme:index:Limits" },
            "token": { "type": "string", "secret": true }
          },
          "required": ["mode"]
        },
        "acme:index:Limits": { "type": "object", "properties": { "cpu": { "type": "number" }, "memory": { "type": "integer" } } },
        "acme:index:Port": { "type": "object", "properties": { "number": { "type": "integer" }, "protocol": { "type": "string" } }, "required": ["number"] },
        "acme:index:Filter": { "type": "object", "properties": { "prefix": { "type": "string" }, "values": { "type": "array", "items": { "type": "string" } } } },
        "acme:index:Unused": { "type": "object", "properties": { "x": { "type": "string" } } },
        "acme:storage:Lifecycle": { "type": "object", "properties": { "days": { "type": "integer" } } },
        "acme:index:Color": {
          "description": "A <colour>.",
          "type": "string",
          "enum": [
            { "value": "red", "description": "Warm & bright." },
            { "value": "light-blue" },
            { "name": "Nothing", "value": "" }
          ]
        },
        "acme:index:Tier": { "type": "integer", "enum": [{ "name": "basic", "value": 1 }, { "name": "premium", "value": 2, "description": "Costs more." }] },
        "acme:index:Brightness": { "type": "number", "enum": [{ "name": "dim", "value": 0.25 }, { "name": "full", "value": 1 }] },
        "acme:index:SortOrder": { "type": "string", "enum": [{ "value": "asc" }, { "value": "desc" }] },
        "acme:storage:StorageClass": { "type": "string", "enum": [{ "value": "hot" }, { "value": "cold" }] }
      }
    }
    """;
}

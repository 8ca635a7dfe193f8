'use client';

import { Field, Group, Select, TextArea, TextInput } from './fields';

/** Name, slug, version, description, icon, tags and the OS. */
export function MetadataSection({ editing, versionHint }: { editing: boolean; versionHint?: string }) {
  return (
    <Group id="tpl-about" title="About">
      <div className="grid gap-4 sm:grid-cols-[1fr_5rem]">
        <Field name="name" label="Name" hint="Shown on the catalogue card.">
          <TextInput name="name" maxLength={80} />
        </Field>
        <Field name="icon" label="Icon" hint="Emoji or key">
          <TextInput name="icon" className="text-center" />
        </Field>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="slug" label="Slug" hint={editing ? 'Fixed once created: clone the template for another slug.' : 'kebab-case id, e.g. my-web-app.'}>
          <TextInput name="slug" className="font-mono" readOnly={editing} />
        </Field>
        <Field name="version" label="Version" hint={versionHint ?? 'Semantic version, e.g. 1.0.0.'}>
          <TextInput name="version" className="font-mono" />
        </Field>
      </div>
      <Field name="description" label="Description">
        <TextArea name="description" rows={3} maxLength={1000} />
      </Field>
      <Field name="tags" label="Tags" hint="Lowercase words for search, separated by spaces.">
        <TextInput name="tags" />
      </Field>
      <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Field name="os.distribution" label="OS">
          <TextInput name="os.distribution" placeholder="debian" />
        </Field>
        <Field name="os.version" label="OS version">
          <TextInput name="os.version" placeholder="12" />
        </Field>
        <Field name="os.variant" label="Variant" hint="Blank: standard">
          <TextInput name="os.variant" />
        </Field>
        <Field name="os.arch" label="Architecture">
          <Select name="os.arch" options={['amd64', 'arm64', 'i386']} />
        </Field>
      </div>
    </Group>
  );
}

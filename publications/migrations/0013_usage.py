"""Usage statistics by the COUNTER R5.1 rules: buffered events, daily and monthly counts."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('publications', '0012_file_public_preview'),
    ]

    operations = [
        migrations.CreateModel(
            name='PlatformUsageDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='day')),
                ('metric', models.PositiveSmallIntegerField(choices=[(1, 'Total_Item_Investigations'), (2, 'Unique_Item_Investigations'), (3, 'Total_Item_Requests'), (4, 'Unique_Item_Requests'), (5, 'Unique_Title_Investigations'), (6, 'Unique_Title_Requests')], verbose_name='metric')),
                ('count', models.PositiveIntegerField(default=0, verbose_name='count')),
            ],
            options={
                'verbose_name': 'platform usage by day',
                'verbose_name_plural': 'platform usage by day',
                'ordering': ['day', 'metric'],
                'constraints': [models.UniqueConstraint(fields=('day', 'metric'), name='platform_usage_day_once')],
            },
        ),
        migrations.CreateModel(
            name='UsageDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='day')),
                ('metric', models.PositiveSmallIntegerField(choices=[(1, 'Total_Item_Investigations'), (2, 'Unique_Item_Investigations'), (3, 'Total_Item_Requests'), (4, 'Unique_Item_Requests'), (5, 'Unique_Title_Investigations'), (6, 'Unique_Title_Requests')], verbose_name='metric')),
                ('count', models.PositiveIntegerField(default=0, verbose_name='count')),
                ('publication', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='usage', to='publications.publication', verbose_name='publication')),
            ],
            options={
                'verbose_name': 'usage by day',
                'verbose_name_plural': 'usage by day',
                'ordering': ['publication', 'day', 'metric'],
            },
        ),
        migrations.CreateModel(
            name='UsageEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('time', models.DateTimeField(verbose_name='time')),
                ('action', models.CharField(choices=[('i', 'Landing page view'), ('r', 'Full text (download or reader)')], max_length=1, verbose_name='action')),
                ('ranged', models.BooleanField(default=False, verbose_name='partial content')),
                ('visitor', models.CharField(max_length=64, verbose_name='visitor')),
                ('session', models.CharField(max_length=64, verbose_name='session')),
                ('processed', models.BooleanField(default=False, verbose_name='counted')),
                ('file', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='publications.publicationfile', verbose_name='file')),
                ('publication', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='publications.publication', verbose_name='publication')),
            ],
            options={
                'verbose_name': 'usage event',
                'verbose_name_plural': 'usage events',
                'ordering': ['time', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='UsageMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text='The first day of the month.', verbose_name='month')),
                ('investigations', models.PositiveIntegerField(default=0, verbose_name='Total_Item_Investigations')),
                ('unique_investigations', models.PositiveIntegerField(default=0, verbose_name='Unique_Item_Investigations')),
                ('requests', models.PositiveIntegerField(default=0, verbose_name='Total_Item_Requests')),
                ('unique_requests', models.PositiveIntegerField(default=0, verbose_name='Unique_Item_Requests')),
                ('publication', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='publications.publication', verbose_name='publication')),
            ],
            options={
                'verbose_name': 'usage by month',
                'verbose_name_plural': 'usage by month',
                'ordering': ['publication', 'month'],
            },
        ),
        migrations.AddIndex(
            model_name='usageday',
            index=models.Index(fields=['day', 'metric'], name='usage_day_period_idx'),
        ),
        migrations.AddConstraint(
            model_name='usageday',
            constraint=models.UniqueConstraint(fields=('publication', 'day', 'metric'), name='usage_day_once'),
        ),
        migrations.AddIndex(
            model_name='usageevent',
            index=models.Index(fields=['processed', 'time'], name='usage_event_queue_idx'),
        ),
        migrations.AddIndex(
            model_name='usagemonth',
            index=models.Index(fields=['month'], name='usage_month_period_idx'),
        ),
        migrations.AddConstraint(
            model_name='usagemonth',
            constraint=models.UniqueConstraint(fields=('publication', 'month'), name='usage_month_once'),
        ),
    ]
